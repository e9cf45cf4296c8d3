using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using P = Microsoft.DurableTask.Protobuf;

namespace Vpp.Application.Tests;

/// <summary>
/// Sits on a Durable Task worker's gRPC calls (<c>GrpcDurableTaskWorkerOptions.Interceptors</c>) and keeps, per
/// instance and execution, the last episode the worker was handed (the whole history before it and the messages it woke to) and what
/// the worker answered: for a finished instance, the history a replay starts from (<see cref="RecordedHistory"/>). The
/// in-process backends keep their histories to themselves; this is what the worker saw.
/// </summary>
public sealed class OrchestrationRecorder : Interceptor
{
    private readonly ConcurrentDictionary<string, P.OrchestratorRequest> handed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<RecordedHistory>> finished = new(StringComparer.Ordinal);

    /// <summary>The instance's last episode and its answer, once the worker has finished it.</summary>
    public RecordedHistory Finished(string instanceId) => Generations(instanceId)[^1];

    /// <summary>
    /// The last episode of each execution of the instance the worker finished, oldest first: an instance that continued
    /// as new has one per execution, each ending in its continuation but the last.
    /// </summary>
    public IReadOnlyList<RecordedHistory> Generations(string instanceId)
    {
        if (!finished.TryGetValue(instanceId, out var executions))
        {
            throw new InvalidOperationException($"the worker has not finished '{instanceId}'");
        }

        lock (executions)
        {
            return [.. executions];
        }
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        Action<TResponse>? observe = request switch
        {
            P.GetWorkItemsRequest => response => Keep(response as P.WorkItem),
            P.StreamInstanceHistoryRequest history => response => AddStreamed(history.InstanceId, response as P.HistoryChunk),
            _ => null,
        };
        return observe is null ? call : new AsyncServerStreamingCall<TResponse>(
            new ObservedReader<TResponse>(call.ResponseStream, observe), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (request is P.OrchestratorResponse answer && answer.Actions.Any(a => a.CompleteOrchestration is not null)
            && handed.TryGetValue(answer.InstanceId, out var episode))
        {
            var executions = finished.GetOrAdd(answer.InstanceId, _ => []);
            lock (executions)
            {
                executions.Add(RecordedHistory.Of(episode, answer));
            }
        }

        return continuation(request, context);
    }

    private void Keep(P.WorkItem? item)
    {
        if (item?.OrchestratorRequest is { } episode)
        {
            handed[episode.InstanceId] = episode.Clone();
        }
    }

    /// <summary>A long history is sent apart from its episode, when the worker asks for it.</summary>
    private void AddStreamed(string instanceId, P.HistoryChunk? chunk)
    {
        if (chunk is not null && handed.TryGetValue(instanceId, out var episode) && episode.RequiresHistoryStreaming)
        {
            episode.PastEvents.AddRange(chunk.Events);
        }
    }

    private sealed class ObservedReader<T>(IAsyncStreamReader<T> inner, Action<T> observe) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }

            observe(inner.Current);
            return true;
        }
    }
}
