window.gongkaiSearch.doc(3,["/about/profile/","機關簡介","網頁","104-01-05","2015-01-05","簡介。",1,"簡介。"]);
