window.gongkaiSearch.docs(1,[["/sop/review/","聲請閱卷","標準作業程序","2015-03-21","聲請閱卷說明。 "]]);
