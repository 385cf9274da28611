window.gongkaiSearch.add(2,{"一則":"b","動連":"d"});
