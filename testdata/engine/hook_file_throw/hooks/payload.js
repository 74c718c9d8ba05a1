function check(order) {
  if (!order.recipient.zip) {
    throw new Error("order " + order.order_id + " has no zip");
  }
}
check(input);
return {};
