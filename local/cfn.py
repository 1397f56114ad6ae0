"""The few CloudFormation intrinsic functions infra/resources.json uses, evaluated for the local stack.

The local stack creates the template's table, bucket and queues on moto; their
properties refer to parameters, pseudo parameters (AWS::StackName, AWS::Partition …),
conditions and each other (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join, Fn::Split,
Fn::Select). `Stack.resolve` gives their values as CloudFormation would, with what
the local stack created standing in for the cloud's resources. An intrinsic function
it does not know is an error, never passed through.
"""

from __future__ import annotations

import re
from typing import Any

NO_VALUE = object()  # {"Ref": "AWS::NoValue"}: the property or list item is left out
_SUB_VARIABLE = re.compile(r"\$\{([^}!]+)\}")


class Stack:
    """A template's parameters and conditions, and the resources created so far (logical id → attributes)."""

    def __init__(self, template: dict[str, Any], parameters: dict[str, str], pseudo: dict[str, str]) -> None:
        self.template = template
        defaults = {name: p["Default"] for name, p in template.get("Parameters", {}).items() if "Default" in p}
        self.values: dict[str, str] = {**defaults, **parameters, **pseudo}
        self.created: dict[str, dict[str, str]] = {}

    def add(self, logical_id: str, ref: str, **attributes: str) -> None:
        """Record a created resource: what Ref gives, and its attributes (Arn, QueueName …)."""
        self.created[logical_id] = {"Ref": ref, **attributes}

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.template["Conditions"][name]))

    def resolve(self, value: Any) -> Any:
        if isinstance(value, list):
            return [v for v in (self.resolve(item) for item in value) if v is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref" or key.startswith("Fn::") or key == "Condition":
                return self._function(key, argument)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def _function(self, key: str, argument: Any) -> Any:
        if key == "Ref":
            return self._ref(argument)
        if key == "Condition":
            return self.condition(argument)
        if key == "Fn::GetAtt":
            name, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
            return self.created[name][attribute]
        if key == "Fn::Sub":
            text, variables = (argument, {}) if isinstance(argument, str) else argument
            local = {k: str(self.resolve(v)) for k, v in variables.items()}
            return _SUB_VARIABLE.sub(lambda m: local.get(m[1]) or self._sub_name(m[1]), text)
        if key == "Fn::If":
            name, if_true, if_false = argument
            return self.resolve(if_true if self.condition(name) else if_false)
        if key == "Fn::Equals":
            first, second = (self.resolve(v) for v in argument)
            return first == second
        if key == "Fn::Not":
            return not self.resolve(argument[0])
        if key == "Fn::Join":
            separator, items = argument
            return separator.join(str(item) for item in self.resolve(items))
        if key == "Fn::Split":
            separator, text = argument
            return str(self.resolve(text)).split(separator)
        if key == "Fn::Select":
            index, items = argument
            return self.resolve(items)[int(index)]
        raise ValueError(f"local/cfn.py cannot evaluate {key}")

    def _ref(self, name: str) -> Any:
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.values:
            return self.values[name]
        return self.created[name]["Ref"]

    def _sub_name(self, name: str) -> str:
        if "." in name:
            logical_id, attribute = name.split(".", 1)
            return self.created[logical_id][attribute]
        return str(self._ref(name))
