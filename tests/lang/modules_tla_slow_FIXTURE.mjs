print("slow start");
export let value = "initial";
await Promise.resolve();
await 0;
value = "done";
print("slow end");
