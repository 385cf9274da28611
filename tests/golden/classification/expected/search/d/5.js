window.gongkaiSearch.doc(5,["/sop/","標準作業程序","單元","","","",0,""]);
