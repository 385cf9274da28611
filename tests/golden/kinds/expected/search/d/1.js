window.gongkaiSearch.doc(1,["/about/","about","單元","","","",0,""]);
