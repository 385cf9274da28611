window.gongkaiSearch.meta({"n":4,"shards":8,"group":4,"schemes":[[],[],[]]});
