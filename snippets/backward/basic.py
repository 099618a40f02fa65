import torch

# 定义参数（需要梯度）
# 标量参数，也可以是向量
w = torch.tensor([2.0], requires_grad=True)

# 输入和标签
x = torch.tensor([3.0])
y_true = torch.tensor([7.0])

# 前向计算：预测 = w * x
y_pred = w * x

# 计算损失（标量）
# 比如 MSE，这里没除2
loss = (y_pred - y_true) ** 2

# loss = (2*3 - 7)^2 = (-1)^2 = 1
print("loss:", loss)

# 反向传播！
loss.backward()

print("w.grad:", w.grad)  # 输出：tensor([-6.])
