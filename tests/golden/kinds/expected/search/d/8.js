window.gongkaiSearch.doc(8,["/news/","news","單元","","","",0,""]);
