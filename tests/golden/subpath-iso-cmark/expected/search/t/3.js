window.gongkaiSearch.add(3,{"一":"b","單元":"6","消息":"a,6","結":"d","連結":"d"});
