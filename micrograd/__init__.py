"""micrograd, step by step: a scalar autograd engine and a tiny neural-net library.

    from micrograd import Value, MLP, drawdot
"""

from .engine import Value
from .graph import drawdot, trace
from .nn import MLP, Layer, Module, Neuron

__all__ = ["Value", "Module", "Neuron", "Layer", "MLP", "drawdot", "trace"]
