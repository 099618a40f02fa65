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
#     description: 用 X @ θ 拟合带噪声的直线 y = wx + b，分三级：手推梯度、autograd 加手动更新、优化器；解释 loss 为什么停在噪声的方差附近，附带练习和答案。
#     tags:
#       - pytorch
#       - 自动求导
#       - 矩阵乘法
#       - 动手实践
# ---

# %% [markdown]
# # 动手：用 backward() 拟合一条直线
#
# 前面几页讲了 `backward()`、训练循环和 `@` 运算符。这一页把它们用起来：从带噪声的数据中学出直线 $y = wx + b$ 的两个参数。
# 损失函数取均方误差
#
# $$
# \mathcal{L}(w, b) = \frac{1}{N} \sum_{i=1}^{N} \left(w x_i + b - y_i\right)^2 ,
# $$
#
# 其中 $N = 100$ 是数据点的个数。
#
# 本页分三级，由浅入深：先手推梯度、自己更新参数；再让 `loss.backward()` 求梯度，更新仍由自己在 `torch.no_grad()` 里做；最后把更新交给优化器（optimizer）。三级从同样的初始值出发，走同样多步，结果应当一样；每一步都用全部 100 个点（全批量梯度下降）。
#
# 《动手学深度学习》的 3.2 节（线性回归的从零开始实现）相当于这里的第二级：它同样用 `backward()` 求梯度、在 `torch.no_grad()` 里手动更新参数，只是每一步用一个小批量（每轮把数据打乱后依次取出，每批 10 个样本：小批量随机梯度下降）；3.3 节（简洁实现）再换成 `nn.Linear`、`nn.MSELoss` 和 `torch.optim.SGD`，本页的第三级只换上了其中的优化器。
#
# 本页是一个 Jupyter 笔记本：页面顶部的“下载本页笔记本”链接提供带输出和图的 `.ipynb` 文件，可以在本地的 Jupyter 里打开运行。

# %% [markdown]
# ## 1. 准备数据
#
# 真实的直线是 $y = 2x - 1$，再加上标准差为 0.3 的正态分布噪声。`torch.linspace(-3, 3, 100)` 给出从 −3 到 3（含两端）等间距的 100 个数，作为 $x$。固定随机种子，保证每次运行得到同样的数据（不同 CPU 上浮点数的最后一两位可能略有差别）。
#
# 把两个参数放进一个向量 $\theta = (w, b)$，把数据排成 $N \times 2$ 的矩阵 $X$：第 $i$ 行是 $(x_i, 1)$。这样所有预测值一次算出：$X\theta$ 的第 $i$ 个元素正是 $w x_i + b$，在代码里就是 `X @ theta`（二维 @ 一维，见[形状规则](../matmul_shapes/)）。
#
# `torch.stack([x, torch.ones(100)], dim=1)` 把两个长度为 100 的一维张量沿一个新的第 1 维并排放在一起，得到 `(100, 2)` 的 $X$，下面打印的第一个形状就是它（`stack` 等改变形状的操作见[张量操作](../matmul/#张量操作)）。

# %%
import matplotlib.pyplot as plt
import torch

torch.manual_seed(0)
x = torch.linspace(-3, 3, 100)
y = 2.0 * x - 1.0 + 0.3 * torch.randn(100)
X = torch.stack([x, torch.ones(100)], dim=1)
print(X.shape, y.shape)

# %% [markdown]
# ## 2. 第一级：手推梯度，手动更新
#
# 用矩阵写，损失是 $\mathcal{L}(\theta) = \frac{1}{N}\lVert X\theta - y \rVert^2$，对 $\theta$ 求导得
#
# $$
# \nabla_\theta \mathcal{L} = \frac{2}{N} X^\top (X\theta - y) ,
# $$
#
# 它的两个分量就是分别对 $w$ 和 $b$ 求导得到的 $\frac{2}{N} \sum_{i} (w x_i + b - y_i)\, x_i$ 和 $\frac{2}{N} \sum_{i} (w x_i + b - y_i)$。
#
# 每一步沿负梯度方向走一小步，步长由学习率（learning rate）`lr = 0.05` 控制，即 `theta = theta - lr * grad`；这里完全不用 autograd。
#
# 代码里的 `X.t()` 就是转置 $X^\top$，形状 `(2, 100)`。
# `2 / len(y) * X.t() @ (X @ theta - y)` 里，`*`、`/` 和 `@` 的优先级相同，从左到右结合：Python 先算 `2 / len(y)`（即 0.02），再乘 `X.t()`，最后与括号里的残差（每个点的预测减目标值）做 `@`。先做 `@` 再乘 0.02，结果在浮点误差内相同。括号不能省：`-` 比 `@` 低一级，去掉括号，减 `y` 就成了最后一步，`(2,)` 减 `(100,)` 会报错。

# %%
lr, steps = 0.05, 200
theta = torch.zeros(2)
for step in range(steps):
    grad = 2 / len(y) * X.t() @ (X @ theta - y)
    theta = theta - lr * grad
by_hand = theta
print("手推梯度:", by_hand)

# %% [markdown]
# ## 3. 第二级：autograd 求梯度，手动更新
#
# 现在给 `theta` 设上 `requires_grad=True`，autograd 就会记录用到它的运算（计算图），`loss.backward()` 沿这张图把梯度写进 `theta.grad`。
#
# 更新参数这一步不应被记录进计算图，所以放在 `torch.no_grad()` 里，并且原地修改（`-=`），`theta` 才仍是同一个需要梯度的叶子张量。
# 两种常见的错写：在 `no_grad` 里写成 `theta = theta - lr * theta.grad`，得到的是一个 `requires_grad=False` 的新张量，下一步的 `loss.backward()` 就会报错（`element 0 of tensors does not require grad …`）；
# 在 `no_grad` 外面做 `-=`，PyTorch 直接拒绝（`a leaf Variable that requires grad …`）。练习 3 会让你亲手试这两种写法。
#
# 用完的梯度要清空（这里设为 `None`），否则下一步会累加上去（见 [backward() 页面](../backward/#注意事项)）。
#
# loss 一行里，`X @ theta` 和 `y` 的形状都是 `(100,)`，两者逐元素相减。要是把 `theta` 写成 `(2, 1)` 的列向量，预测就成了 `(100, 1)`，
# 与 `y` 相减会悄悄广播成 `(100, 100)`，loss 算错却不报错，见[不报错的形状错误](../matmul_shapes/#不报错的形状错误loss-里的广播)。
#
# 第一步时顺便把 autograd 的梯度和上面的公式比一比：

# %%
theta = torch.zeros(2, requires_grad=True)
for step in range(steps):
    loss = ((X @ theta - y) ** 2).mean()
    loss.backward()
    if step == 0:
        r = X @ theta.detach() - y
        formula = 2 / len(y) * X.t() @ r
        print("autograd 的梯度:", theta.grad)
        print("公式算的梯度:   ", formula)
    with torch.no_grad():
        theta -= lr * theta.grad
    theta.grad = None
same = torch.allclose(theta, by_hand)
print("autograd + 手动更新:", theta.detach())
print("与第一级在浮点误差内相同:", same)

# %% [markdown]
# ## 4. 第三级：交给优化器
#
# 默认设置下（不带动量和权重衰减），`torch.optim.SGD` 做的正是上面 `torch.no_grad()` 里那一行，`optimizer.zero_grad()` 做的正是清空梯度那一行（把 `.grad` 设为 `None`）。
#
# 每一步的顺序就是 [backward() 页面](../backward/) 中的训练循环：清空梯度、前向计算、反向传播、更新参数。训练结束后，`theta.tolist()` 把两个参数取成 Python 的数，分别赋给 `w` 和 `b`。

# %%
theta = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD([theta], lr=lr)
losses = []
for step in range(steps):
    optimizer.zero_grad()
    loss = ((X @ theta - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

w, b = theta.tolist()
same = torch.allclose(theta, by_hand)
print(f"w = {w:.3f}, b = {b:.3f}")
print("与第一级在浮点误差内相同:", same)
print(f"loss: 第 1 步 {losses[0]:.3f}",
      f"→ 第 200 步 {losses[-1]:.4f}")

# %% [markdown]
# ## 5. loss 为什么停在 0.09 附近
#
# loss 没有降到 0，而是停在 0.09 附近，这大约就是噪声的方差 $0.3^2 = 0.09$（这组数据实际抽到的噪声，平方的平均是 0.0946）。
#
# 原因是：就算用真实的参数 $(2, {-1})$，每个点的误差 $y_i - (2x_i - 1)$ 也正好是它的噪声，均方误差就是这 100 个噪声的平方的平均；
# 而一条直线只有两个参数，不可能去追每个点的随机噪声。
#
# 用最小二乘（`torch.linalg.lstsq`）直接求出 loss 最小的参数，它的 loss 只比真实参数的略低一点，训练结果已经到了那里。
#
# `lstsq` 的文档只写了右边是矩阵的形式，这里按文档先用 `y.unsqueeze(1)` 把 `(100,)` 变成 `(100, 1)` 的一列，它返回的结果 `fit` 里，`.solution` 是求出的解，形状是 `(2, 1)`，再用 `.squeeze(1)` 变回 `(2,)`：

# %%
noise = y - (2.0 * x - 1.0)
true_theta = torch.tensor([2.0, -1.0])
fit = torch.linalg.lstsq(X, y.unsqueeze(1))
best = fit.solution.squeeze(1)
loss_true = ((X @ true_theta - y) ** 2).mean()
loss_best = ((X @ best - y) ** 2).mean()
print("这组数据的噪声平方的平均:",
      f"{noise.pow(2).mean():.4f}")
print("真实参数 (2, -1) 的 loss:",
      f"{loss_true:.4f}")
w_best, b_best = best.tolist()
print("最小二乘解",
      f"({w_best:.3f}, {b_best:.3f})",
      f"的 loss: {loss_best:.4f}")

# %% [markdown]
# ## 6. 画出 loss 曲线和拟合结果
#
# 图用 matplotlib 画。它默认的字体没有汉字，所以第一行用 `rcParams` 给出一串中文字体，matplotlib 用其中第一个装了的：本站构建时装的是文泉驿微米黑（WenQuanYi Micro Hei），Windows 上常有 Microsoft YaHei 和 SimHei，macOS 自带 PingFang SC，但 matplotlib 常常找不到它（它装在字体集文件 PingFang.ttc 里），通常用上的是列表里的 Heiti TC，Linux 上常见 Noto Sans CJK SC。列表里的中文字体一个都没装时（最后的 DejaVu Sans 是 matplotlib 自带的，没有汉字），汉字会显示成方框，并有找不到字形的警告。
#
# 背景设成透明、文字和坐标轴用灰色，图在浅色和深色的页面上都看得清。
#
# 图例里的方程写在一对 `$` 之间，matplotlib 按数学公式排版：`{b:+.2f}` 给出的 `-0.99` 排成带空格的减号，成为 $y = 2.00x - 0.99$。

# %% alt="两幅上下排列的图，背景透明，文字和坐标轴是灰色。上图“loss 曲线”：loss 随训练步数变化，纵轴为对数刻度，先迅速下降，之后趋于平稳。下图“拟合结果”：数据点的散点图和学到的直线，图例写着直线的方程 y = 2.00x − 0.99，直线穿过散点的中间。"
plt.rcParams.update({
    "font.sans-serif": [
        "WenQuanYi Micro Hei",
        "Noto Sans CJK SC",
        "Microsoft YaHei",
        "SimHei",
        "PingFang SC",
        "Heiti TC",
        "DejaVu Sans",
    ],
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "text.color": "gray",
    "axes.labelcolor": "gray",
    "axes.edgecolor": "gray",
    "xtick.color": "gray",
    "ytick.color": "gray",
    "legend.frameon": False,
})
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(4, 6), dpi=150
)
top.plot(losses, color="C1")
top.set_yscale("log")
top.set_xlabel("训练步数")
top.set_ylabel("均方误差 loss")
top.set_title("loss 曲线")
bottom.scatter(
    x, y, s=8, color="#4a90e2", label="数据点"
)
fitted = (X @ theta).detach()
line = rf"直线 $y = {w:.2f}x {b:+.2f}$"
bottom.plot(x, fitted, color="C1", label=line)
bottom.set_xlabel("x")
bottom.set_ylabel("y")
bottom.set_title("拟合结果")
bottom.legend()
fig.tight_layout()

# %% [markdown]
# ## 7. 练习
#
# 每道题的答案折叠在题目下面，先自己想一想、改一改，再点开看（下载的笔记本里，答案是题目后面那个以加粗的“练习 N 的答案”开头的文字单元格，以及它后面的代码单元格）。
#
# **练习 1.** 把学习率从 0.05 改成 0.5，loss 会怎样变化？为什么？

# %% [markdown] answer="练习 1 的答案"
# loss 越来越大，参数发散。
# 直观地说：梯度告诉我们往哪个方向走，而 loss 曲面弯得有多厉害（**曲率**）决定了一步最多能走多远；步子太大，就会越过谷底，落到对面更高的地方，而且一次比一次高。
# 这个 loss 是 $\theta$ 的二次函数，它的曲率由二阶导数决定。有两个参数时，二阶导数排成一个 $2 \times 2$ 的矩阵，叫**黑塞矩阵**（Hessian），这里是 $H = \frac{2}{N} X^\top X$；
# 它的**特征值**可以理解为 loss 曲面沿几个特殊方向（特征向量）的弯曲程度，最大的特征值 $\lambda_{\max}$ 对应弯曲得最厉害的方向。
# 在二次函数上，要让梯度下降从任意起点出发都收敛，学习率必须小于 $2 / \lambda_{\max}(H)$；超过它，沿弯曲得最厉害的方向每一步都越过谷底、越走越远。下面的最后一行用 `torch.linalg.eigvalsh`（求对称矩阵的特征值）算出了这个上限，0.5 超过了它：

# %% answer="练习 1 的答案"
theta = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD(
    [theta], lr=0.5
)
for step in range(5):
    optimizer.zero_grad()
    loss = ((X @ theta - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    print(f"第 {step + 1} 步 loss",
          f"{loss.item():.1f}")
H = 2 / len(y) * X.t() @ X
limit = 2 / torch.linalg.eigvalsh(H).max()
print("学习率的上限 2 / λ_max(H) =",
      f"{limit:.3f}")

# %% [markdown]
# **练习 2.** 把噪声的标准差从 0.3 改成 0.1，训练结束时 loss 大约是多少？

# %% [markdown] answer="练习 2 的答案"
# 大约 0.01，也就是新噪声的方差 $0.1^2$，理由同第 5 节：

# %% answer="练习 2 的答案"
torch.manual_seed(0)
small_noise = 0.1 * torch.randn(100)
y_quiet = 2.0 * x - 1.0 + small_noise
theta = torch.zeros(2, requires_grad=True)
optimizer = torch.optim.SGD(
    [theta], lr=0.05
)
for step in range(steps):
    optimizer.zero_grad()
    r = X @ theta - y_quiet
    loss = (r ** 2).mean()
    loss.backward()
    optimizer.step()
print(f"第 200 步 loss {loss.item():.4f}")

# %% [markdown]
# **练习 3.** 第 3 节说，更新参数要在 `torch.no_grad()` 里原地修改。把那里的两种错写各跑一步看看：在 `no_grad` 里写成 `theta = theta - lr * theta.grad`；去掉 `with torch.no_grad():`，直接 `theta -= lr * theta.grad`。

# %% [markdown] answer="练习 3 的答案"
# 两种都报错。
# 第一种：`no_grad` 里算出的 `theta - lr * theta.grad` 是一个新张量，不需要梯度，名字 `theta` 指向了它；下一步的 loss 由它算出，也不需要梯度，`backward()` 报错。
# 第二种：autograd 不允许原地修改需要梯度的叶子张量，`-=` 当场报错。
# 下面各试一步：

# %% answer="练习 3 的答案"
theta = torch.zeros(2, requires_grad=True)
loss = ((X @ theta - y) ** 2).mean()
loss.backward()
with torch.no_grad():
    theta = theta - lr * theta.grad
needs = theta.requires_grad
print("新 theta 需要梯度:", needs)
loss = ((X @ theta - y) ** 2).mean()
try:
    loss.backward()
except RuntimeError as err:
    print("下一步 backward():", err)

theta = torch.zeros(2, requires_grad=True)
loss = ((X @ theta - y) ** 2).mean()
loss.backward()
try:
    theta -= lr * theta.grad
except RuntimeError as err:
    print("no_grad 外的 -=:", err)
