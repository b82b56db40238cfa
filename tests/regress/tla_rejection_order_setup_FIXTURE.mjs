export const p1 = Promise.withResolvers();
export const aStarted = Promise.withResolvers();
export const bStarted = Promise.withResolvers();
