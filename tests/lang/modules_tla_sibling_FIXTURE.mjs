print("sibling");
export const sib = 1;
