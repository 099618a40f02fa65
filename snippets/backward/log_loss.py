import torch

w = torch.tensor([2.0], requires_grad=True)


def nodes(t):
    """t 的计算图里有多少个节点"""
    seen, todo = set(), [t.grad_fn]
    while todo:
        f = todo.pop()
        if f is not None and f not in seen:
            seen.add(f)
            todo += [g for g, _ in f.next_functions]
    return len(seen)


total, total_item = 0.0, 0.0
for step in range(1, 4):
    loss = (w * 3.0 - 7.0) ** 2
    loss.backward()
    total += loss  # 错：total 成了张量
    total_item += loss.item()  # 对
    print(f"第 {step} 步: total 连着", nodes(total), "个节点")

print("total:", total)
print("total_item:", total_item)
