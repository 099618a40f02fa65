import torch

a, b = torch.ones(3), torch.ones(4)
messages = []
for attempt in (lambda: a @ b, lambda: torch.dot(a, b)):
    try:
        attempt()
    except RuntimeError as err:
        messages.append(str(err))
print(messages[0])
print("与 torch.dot(a, b) 的报错相同:", messages[0] == messages[1])
