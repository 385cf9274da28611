window.gongkaiSearch.doc(0,["/","Sub Path","首頁","","","",0,""]);
