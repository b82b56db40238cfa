export let later = "before";
await Promise.resolve();
later = "after await";
