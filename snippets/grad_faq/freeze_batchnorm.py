import torch
from torch import nn

model = nn.Sequential(nn.BatchNorm1d(2), nn.Linear(2, 1))
bn = model[0]
bn.requires_grad_(False)                       # 冻结：weight、bias 不再需要梯度
x = torch.arange(16.0).reshape(8, 2)           # 0 到 15 排成 8 行 2 列：8 个样本，两列的平均值是 7 和 8

print("一开始 running_mean:", bn.running_mean)
model(x)                                       # 训练模式（默认）下前向计算一次
print("train() 中前向一次之后:", bn.running_mean)  # 0.9 * 0 + 0.1 * 批量平均值

bn.eval()                                      # 修正：冻结的 BatchNorm 还要切换到 eval()
before = bn.running_mean.clone()
model(x)
print("eval() 中前向一次之后不变:", torch.equal(bn.running_mean, before))

model.train()                                  # 训练循环开头常见的这一句，会把 bn 也切回训练模式
print("model.train() 之后 bn.training:", bn.training)
bn.eval()                                      # 所以要在 model.train() 之后再调用一次
print("再 bn.eval() 之后 bn.training:", bn.training)
