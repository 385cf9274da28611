window.gongkaiSearch.doc(5,["/sop/","sop","單元","","","",0,""]);
