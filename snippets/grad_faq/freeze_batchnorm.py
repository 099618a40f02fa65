import torch
from torch import nn

model = nn.Sequential(nn.BatchNorm1d(2), nn.Linear(2, 1))
bn = model[0]
bn.requires_grad_(False)  # 冻结 weight、bias
# 8 个样本、2 个特征，两列的平均值是 7 和 8
x = torch.arange(16.0).reshape(8, 2)

print("一开始 running_mean:", bn.running_mean)
model(x)  # 训练模式（默认）下前向计算一次
# 0.9 * 0 + 0.1 * 批量平均值
print("train() 中前向一次之后:", bn.running_mean)

bn.eval()  # 修正：冻结的 BatchNorm 还要 eval()
before = bn.running_mean.clone()
model(x)
unchanged = torch.equal(bn.running_mean, before)
print("eval() 中前向一次之后不变:", unchanged)

# 训练循环开头的这一句会把 bn 也切回训练模式
model.train()
print("model.train() 之后 bn.training:", bn.training)
bn.eval()  # 所以 model.train() 之后要再调用一次
print("再 bn.eval() 之后 bn.training:", bn.training)
