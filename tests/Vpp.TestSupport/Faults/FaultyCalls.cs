using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Vpp.TestSupport.Faults;

/// <summary>
/// Any port (an interface whose calls return tasks), passing each call to the real one unless <see cref="Fails"/> picks
/// it: that call fails (after <see cref="Delay"/>) as a store or hub that is down does, without reaching the port; and
/// <see cref="Before"/> lets a test act just before a call. Made by <see cref="FaultyPorts.Wrap"/>.
/// </summary>
public class FaultyCalls<T> : DispatchProxy
    where T : class
{
    private static readonly MethodInfo FailingWithResult = typeof(FaultyCalls<T>).GetMethod(nameof(FailLaterWithResultAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Picks the calls (method, arguments) that fail, while it is set.</summary>
    public Func<MethodInfo, object?[], bool>? Fails { get; set; }

    /// <summary>Runs before each call, picked or not: what another writer does just before it, for a test of interleavings.</summary>
    public Action<MethodInfo, object?[]>? Before { get; set; }

    /// <summary>How long a picked call takes to fail, as a timeout does.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The real port (<see cref="FaultyPorts.Wrap"/> sets it).</summary>
    internal T Inner { get; set; } = null!;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        args ??= [];
        Before?.Invoke(targetMethod, args);
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

        var fault = new IOException($"{typeof(T).Name}.{targetMethod.Name} failed: the port is down");
        return targetMethod.ReturnType == typeof(Task) ? FailLaterAsync(Delay, fault)
            : targetMethod.ReturnType.IsGenericType && targetMethod.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                ? FailingWithResult.MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]).Invoke(null, [Delay, fault])
                : throw fault;
    }

    private static async Task FailLaterAsync(TimeSpan delay, Exception fault)
    {
        await Task.Delay(delay);
        throw fault;
    }

    private static async Task<TResult> FailLaterWithResultAsync<TResult>(TimeSpan delay, Exception fault)
    {
        await Task.Delay(delay);
        throw fault;
    }
}
