window.gongkaiSearch.doc(14,["/reports/","reports","單元","","","",0,""]);
