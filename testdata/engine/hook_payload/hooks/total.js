// Sums the weights of the order's lines in kg.
let kg = 0;
for (const l of input.order_items) {
  kg += l.weight * l.quantity / 1000;
}
console.info(`${input.order_items.length} lines`);
return { kg };
