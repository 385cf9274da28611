window.gongkaiSearch.doc(2,["/about/contact/","聯絡我們","網頁","104-09-01","2015-09-01","意見信箱。",1,"意見信箱。"]);
