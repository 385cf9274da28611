window.gongkaiSearch.add(6,{"news":"7,6,6","page":"2,6","path":"3","標":"a","第":"b,7","第一":"b","自":"d"});
