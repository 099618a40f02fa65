# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   mkdocs:
#     description: 动手用 loss.backward() 和 SGD 优化器从带噪声的数据中拟合直线 y = wx + b，核对梯度并画出 loss 曲线。
#     tags:
#       - pytorch
#       - 自动求导
#       - 动手实践
# ---

# %% [markdown]
# # 动手：用 backward() 拟合一条直线
#
# 前面几页讲了 `backward()` 和训练循环。这一页把它们用起来：用 `backward()` 和优化器，从带噪声的数据中学出直线 $y = wx + b$ 的两个参数。
# 损失函数取均方误差
#
# $$
# \mathcal{L}(w, b) = \frac{1}{N} \sum_{i=1}^{N} \left(w x_i + b - y_i\right)^2 ,
# $$
#
# 其中 $N = 100$ 是数据点的个数。
# 每一步先用 `loss.backward()` 求出 $\partial \mathcal{L} / \partial w$ 和 $\partial \mathcal{L} / \partial b$，再让优化器沿负梯度方向更新参数。
#
# 本页是一个 Jupyter 笔记本：页面顶部的“下载本页笔记本”链接提供带输出和图的 `.ipynb` 文件，可以在本地的 Jupyter 里打开运行。

# %% [markdown]
# ## 1. 准备数据
#
# 真实的直线是 $y = 2x - 1$，再加上标准差为 0.3 的正态分布噪声。固定随机种子，保证每次运行得到同样的数据（不同 CPU 上浮点数的最后一两位可能略有差别）。

# %%
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
x = torch.linspace(-3, 3, 100)
y = 2.0 * x - 1.0 + 0.3 * torch.randn(100)
print(x.shape, y.shape)

# %% [markdown]
# ## 2. 训练
#
# 参数 $w$、$b$ 从 0 开始，`requires_grad=True` 让 autograd 为它们计算梯度。
# 每一步的顺序正是 [backward() 页面](../backward/) 中的训练循环：清空梯度、前向计算、反向传播、更新参数。

# %%
w = torch.zeros(1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
optimizer = torch.optim.SGD([w, b], lr=0.05)

losses = []
for step in range(200):
    optimizer.zero_grad()
    loss = ((w * x + b - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

print(f"w = {w.item():.3f}, b = {b.item():.3f}")
print(f"loss: 第 1 步 {losses[0]:.3f} → 第 200 步 {losses[-1]:.4f}")

# %% [markdown]
# ## 3. 核对梯度
#
# 对均方误差手动求导：
#
# $$
# \frac{\partial \mathcal{L}}{\partial w} = \frac{2}{N} \sum_{i} (w x_i + b - y_i)\, x_i ,
# \qquad
# \frac{\partial \mathcal{L}}{\partial b} = \frac{2}{N} \sum_{i} (w x_i + b - y_i) .
# $$
#
# 任取一组参数（这里 $w = 0.5,\ b = 0.5$），把手推结果和 autograd 的结果放在一起比较：

# %%
w0 = torch.tensor([0.5], requires_grad=True)
b0 = torch.tensor([0.5], requires_grad=True)
((w0 * x + b0 - y) ** 2).mean().backward()

residual = (w0 * x + b0 - y).detach()
by_hand_w = 2 * (residual * x).mean()
by_hand_b = 2 * residual.mean()
print(f"∂L/∂w: autograd {w0.grad.item():.4f}，手推 {by_hand_w.item():.4f}")
print(f"∂L/∂b: autograd {b0.grad.item():.4f}，手推 {by_hand_b.item():.4f}")
print("在浮点误差内一致:", torch.allclose(w0.grad, by_hand_w) and torch.allclose(b0.grad, by_hand_b))

# %% [markdown]
# ## 4. 画出 loss 曲线和拟合结果

# %% alt="两幅上下排列的图。上图：loss 随训练步数变化的曲线，纵轴为对数刻度，先迅速下降，之后趋于平稳。下图：数据点的散点图，以及学到的直线（图例写着它的方程），直线穿过散点的中间。"
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4, 6), dpi=150)
top.plot(losses)
top.set_yscale("log")
top.set_xlabel("step")
top.set_ylabel("MSE loss")
top.set_title("loss curve")
bottom.scatter(x, y, s=8, alpha=0.6, label="data")
bottom.plot(x, (w * x + b).detach(), color="C3", label=f"y = {w.item():.2f}x {b.item():+.2f}")
bottom.set_xlabel("x")
bottom.set_ylabel("y")
bottom.legend()
fig.tight_layout()
