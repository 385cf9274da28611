window.gongkaiSearch.doc(12,["/plans/","plans","單元","","","",0,""]);
