window.gongkaiSearch.meta({"n":7,"shards":8,"group":4,"schemes":[[],[],[["I00","公共資訊"]]]});
