window.gongkaiSearch.doc(1,["/news/","news","單元","","","",0,""]);
