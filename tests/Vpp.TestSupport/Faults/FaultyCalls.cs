using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Vpp.TestSupport.Faults;

/// <summary>
/// Any port (an interface whose calls return tasks), passing each call to the real one unless <see cref="Fails"/> picks
/// it: that call fails as storage that is down does, without reaching the port. Made by <see cref="FaultyPorts.Wrap"/>.
/// </summary>
public class FaultyCalls<T> : DispatchProxy
    where T : class
{
    private static readonly MethodInfo FromException = typeof(Task).GetMethods().Single(m => m.Name == nameof(Task.FromException) && m.IsGenericMethod);

    /// <summary>Picks the calls (method, arguments) that fail, while it is set.</summary>
    public Func<MethodInfo, object?[], bool>? Fails { get; set; }

    /// <summary>The real port (<see cref="FaultyPorts.Wrap"/> sets it).</summary>
    internal T Inner { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        if (Fails?.Invoke(targetMethod, args) != true)
        {
            try
            {
                return targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
            }
        }

        var fault = new IOException($"{typeof(T).Name}.{targetMethod.Name} failed: the store is down");
        return targetMethod.ReturnType == typeof(Task) ? Task.FromException(fault)
            : targetMethod.ReturnType.IsGenericType && targetMethod.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                ? FromException.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [fault])
                : throw fault;
    }
}
