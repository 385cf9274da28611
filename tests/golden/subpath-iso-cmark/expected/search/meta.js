window.gongkaiSearch.meta({"n":4,"shards":8,"schemes":[[],[],[]]});
