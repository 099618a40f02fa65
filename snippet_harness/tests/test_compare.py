"""The output comparison tolerates float noise and nothing else (pairs taken from real outputs
of the site's examples)."""

import pytest

from snippet_harness import compare

# snippets/backward/non_leaf.out on torch 2.13.0; torch 2.14.1 prints TensorBody.h:488 instead of :493
WARNING = (
    "UserWarning: The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be "
    "populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the "
    "non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See "
    "github.com/pytorch/pytorch/pull/30531 for more information."
    " (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)\n"
    "y_pred.grad: None\n"
)
TORCH_PLACE = " (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)"
# stored, then (what a fresh run printed instead of it)
WITHIN_NOISE = {
    "MKL's other code path (Intel pre-AVX2)": (
        ".item(): -2.045102596282959\n",
        "-2.045102596282959",
        "-2.045102834701538",
    ),
    "a value on a rounding boundary": ("tensor([[-2.0451]])\n", "-2.0451", "-2.0452"),
    "CUDA's annotation": ("w.grad: tensor([-6.])\n", "tensor([-6.])", "tensor([-6.], device='cuda:0')"),
    "torch 2.14.1's place in its own sources": (WARNING, "TensorBody.h:493.", "TensorBody.h:488."),
    "another build path of torch": (WARNING, "/__w/pytorch/pytorch/build/aten", r"C:\actions-runner\_work\aten"),
}
REAL_CHANGES = {
    "a changed word in the same warning": (WARNING, "won't be populated", "will not be populated"),
    "the warning without torch's place": (WARNING, TORCH_PLACE, ""),
    "another sentence in torch's place": (WARNING, TORCH_PLACE, " (Triggered elsewhere at TensorBody.h:493.)"),
    "a number 1 % off": (".item(): -2.045102596282959\n", "-2.045102596282959", "-2.0655538"),
    "a number 1e-3 off": ("训练前 loss = 16.6814\n", "16.6814", "16.6981"),
    "two units of the last digit": ("tensor([[-2.0451]])\n", "-2.0451", "-2.0453"),
    "a changed word": ("w.grad: tensor([-6.])\n", "w.grad", "b.grad"),
    "a changed shape": ("形状: torch.Size([1, 1]) 维数: 2\n", "torch.Size([1, 1])", "torch.Size([1, 2])"),
    "a changed boolean": ("i,i->  形状 ()  与 @ 在浮点误差内相同: True\n", "True", "False"),
    "a changed dtype": ("dtype 不同 float32 @ float64\n", "float32 @ float64", "float32 @ float16"),
    "a changed integer": ("共 40 步，学到 w = 2.962, b = 0.991\n", "共 40 步", "共 41 步"),
    "another grad_fn": ("loss: tensor([1.], grad_fn=<PowBackward0>)\n", "<PowBackward0>", "<MulBackward0>"),
    "another error message": ("RuntimeError: expected m1 and m2 to have the same dtype\n", "same dtype", "same shape"),
    "a line more": ("loss: tensor([1.])\nw.grad: tensor([-6.])\n", "\n", "\n\n"),
}


@pytest.mark.parametrize("pair", WITHIN_NOISE)
def test_outputs_within_float_noise_match(pair):
    stored, old, new = WITHIN_NOISE[pair]
    device = "cuda" if "cuda" in new else "cpu"
    assert compare.difference(stored, stored.replace(old, new, 1), name="x.out", device=device) is None


@pytest.mark.parametrize("change", REAL_CHANGES)
def test_real_changes_fail_naming_the_file(change):
    stored, old, new = REAL_CHANGES[change]
    for device in ("cpu", "cuda"):
        diff = compare.difference(stored, stored.replace(old, new, 1), name="snippets/x.out", device=device)
        assert diff and str(diff).startswith("snippets/x.out：输出与存储的不一致"), f"{change}：在 {device} 上通过了"


def test_random_numbers_are_checked_for_structure_on_cuda():
    stored = "tensor([[-2.0451]]) torch.Size([1, 1])\n"
    structure = {"name": "x.out", "device": "cuda", "structure_only": True}
    assert compare.difference(stored, "tensor([[0.7311]], device='cuda:0') torch.Size([1, 1])\n", **structure) is None
    assert compare.difference(stored, "tensor([[0.7311]]) torch.Size([2, 1])\n", **structure)


def test_output_claims_are_compared_like_outputs():
    assert compare.claim_printed("tensor([-6.])", "w.grad: tensor([-6.0000001])\n")
    assert not compare.claim_printed("tensor([-6.])", "w.grad: tensor([-5.])\n")
    assert not compare.claim_printed("tensor([-6.])", "w.grad: tensor([-6., 1.])\n")
