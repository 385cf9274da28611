window.gongkaiSearch.doc(17,["/sop/","sop","單元","","","",0,""]);
