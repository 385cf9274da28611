window.gongkaiSearch.doc(0,["/","測試檢察署","首頁","","","首頁。",1,"首頁。"]);
