window.gongkaiSearch.add(0,{"kind:news":"9,5","kind:page":"1,5","標題":"a","第二":"9,7","見":"9","首":"2","首頁":"2"});
