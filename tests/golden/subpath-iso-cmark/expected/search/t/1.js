window.gongkaiSearch.add(1,{"service:I00":"1,5","自動":"d","題":"a"});
