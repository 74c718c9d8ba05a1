// a broken hook
const x = {
  a: 1
  b: 2
};
return x;
