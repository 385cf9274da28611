window.gongkaiSearch.add(7,{"gov":"d","新":"a,6","最新":"a,6","消":"a,6","頁":"2","題一":"a"});
