using System.Reflection;
using Aaba.Abstractions;
using Orleans.Serialization.Invocation;

namespace Aaba.UnitTests.Hosting;

/// <summary>A call Orleans rejected undelivered is sent again a few times; any other failure is the caller's at once.</summary>
public sealed class RejectedCallRetryFilterTests
{
    [Fact]
    public async Task A_rejected_call_is_sent_again_until_it_goes_through()
    {
        var call = new ScriptedCall(
            () => throw Rejection(),
            () => Response.FromException(Rejection()),
            () => Response.FromResult(42));

        await new RejectedCallRetryFilter().Invoke(call);

        Assert.Equal(3, call.Invocations);
        Assert.Equal(42, call.Result);
    }

    [Fact]
    public async Task A_call_rejected_every_time_fails_after_four_tries()
    {
        var call = new ScriptedCall(Enumerable.Repeat<Func<Response>>(
            () => throw Rejection(), 10).ToArray());

        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => new RejectedCallRetryFilter().Invoke(call));
        Assert.Equal(4, call.Invocations);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var call = new ScriptedCall(() => Response.FromException(new TimeoutException()), () => Response.FromResult(1));

        await new RejectedCallRetryFilter().Invoke(call);

        Assert.Equal(1, call.Invocations);
        Assert.IsType<TimeoutException>(call.Response!.Exception);
    }

    /// <summary>Only Orleans makes these (its constructors are internal), as it does when it gives up forwarding a call.</summary>
    private static OrleansMessageRejectionException Rejection() =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null,
            ["Forwarding failed: tried to forward message for 2 times after \"DeactivateOnIdle was called.\" to invalid activation. Rejecting now."], null)!;

    /// <summary>A call whose successive sends answer as scripted (a response, or a thrown rejection).</summary>
    private sealed class ScriptedCall(params Func<Response>[] sends) : IOutgoingGrainCallContext
    {
        public int Invocations { get; private set; }

        public Response? Response { get; set; }

        public object? Result
        {
            get => Response?.Result;
            set => Response = Response.FromResult(value);
        }

        public Task Invoke()
        {
            Response = sends[Invocations++]();
            return Task.CompletedTask;
        }

        public IInvokable Request => throw new NotSupportedException();
        public object Grain { get; } = new();
        public MethodInfo InterfaceMethod => throw new NotSupportedException();
        public string InterfaceName => "ITaskGrain";
        public string MethodName => "GetAsync";
        public GrainInterfaceType InterfaceType => default;
        public GrainId? SourceId => null;
        public GrainId TargetId => default;
        public IGrainContext? SourceContext => null;
    }
}
