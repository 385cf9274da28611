window.gongkaiSearch.doc(3,["/news/two/","第二則","最新消息","2016-03-01","2016-03-01","www.moj.gov.tw 自動連結。",1,"www.moj.gov.tw 自動連結。"]);
