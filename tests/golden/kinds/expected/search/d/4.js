window.gongkaiSearch.doc(4,["/faq/","常見問題","單元","","","依類別整理。",1,"依類別整理。"]);
