using System.Reflection;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Vpp.Functions.Hosting;

/// <summary>One function: its name, the method that runs it, and the trigger attribute on its trigger parameter.</summary>
public sealed record FunctionEntry(string Name, MethodInfo Method, TriggerBindingAttribute Trigger, ParameterInfo TriggerParameter)
{
    public static FunctionEntry Of(string name, MethodInfo method)
    {
        var trigger = method.GetParameters()
            .Select(p => (Parameter: p, Trigger: p.GetCustomAttribute<TriggerBindingAttribute>()))
            .SingleOrDefault(x => x.Trigger is not null);
        return trigger.Trigger is null
            ? throw new InvalidOperationException($"Function {name} ({method.DeclaringType?.Name}.{method.Name}) has no trigger parameter.")
            : new FunctionEntry(name, method, trigger.Trigger, trigger.Parameter);
    }
}
