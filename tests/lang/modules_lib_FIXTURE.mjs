export let counter = 0;
export function increment() { counter++; }
export default function () { return "default-fn"; }
export class Klass {}
