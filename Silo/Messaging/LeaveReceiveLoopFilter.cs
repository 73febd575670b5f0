using MassTransit;

namespace EmotionGrid.Silo.Messaging;

/// <summary>
/// Runs every consumer off the transport's receive loop. The loop calls a consumer inline, and the grains'
/// work is synchronous up to and past the model run (decode, ORT, training; SQLite and file I/O complete
/// synchronously too), so without this the loop could not hand the next message to a second concurrent
/// consumer until the first had finished its model run (measured in bench embed; ConcurrentProcessingTests).
/// </summary>
public sealed class LeaveReceiveLoopFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await Task.Yield();
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("leave-receive-loop");
}
