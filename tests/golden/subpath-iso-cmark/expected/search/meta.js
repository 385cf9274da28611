window.gongkaiSearch.meta({"n":4,"shards":8,"per":20,"schemes":[[],[],[]]});
