using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Jobs.Callbacks;
using Verifier.Core.Jobs.Csv;
using Verifier.Core.Jobs.Redis;
using Verifier.Core.Redis;
using Verifier.Core.Verification;
using Verifier.Testing.Redis;

namespace Verifier.Core.Tests.Jobs.Redis;

/// <summary>The Redis job store and queue against a real redis-server, with instances played by separate connections.</summary>
public sealed class RedisJobBackendTests : IAsyncLifetime
{
    private static readonly TimeSpan ReclaimAfter = TimeSpan.FromSeconds(2);

    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_chunk_is_recorded_once_however_often_it_is_delivered_and_delete_removes_every_key()
    {
        await using var instance = await Instance.StartAsync(_redis);
        var state = await instance.SubmitAsync(Rows(6));
        var outcome = new ChunkOutcome(0, 1, [Accepted, Accepted], [0, 1], [], null);

        // Two instances record the same chunk at once (a reclaimed chunk whose first consumer was only slow).
        await using var other = await Instance.StartAsync(_redis);
        var recorded = await Task.WhenAll(instance.Store.RecordAsync(state.Id, outcome, default), other.Store.RecordAsync(state.Id, outcome, default));
        Assert.Single(recorded, r => r.Accepted);
        Assert.False((await instance.Store.RecordAsync(state.Id, outcome with { Attempt = 2 }, default)).Accepted);

        var after = (await instance.Store.GetAsync(state.Id, default))!;
        Assert.Equal(JobStatus.Running, after.Status);
        Assert.Equal(2, after.Processed);
        Assert.Equal(2, after.Deliverable);
        Assert.Equal(2, (await instance.Store.ReadChunkResultsAsync(state.Id, 0, default))!.Count);

        // A retry: pending rows count as pending until their final attempt; attempts must follow each other.
        var greylisted = new RowResult(Verdict.Unknown, Reason.Greylisted, 450, "4.2.0", null);
        var retryAt = DateTimeOffset.UtcNow.AddMinutes(1);
        Assert.True((await instance.Store.RecordAsync(state.Id, new ChunkOutcome(1, 1, [Accepted, greylisted], [0], [1], retryAt), default)).Accepted);
        Assert.False((await instance.Store.RecordAsync(state.Id, new ChunkOutcome(1, 3, [Accepted, Accepted], [1], [], null), default)).Accepted);
        var pending = (await instance.Store.GetPendingAsync(state.Id, 1, default))!;
        Assert.Equal([1], pending.Pending);
        Assert.Equal(retryAt.ToUnixTimeMilliseconds(), pending.RetryAt.ToUnixTimeMilliseconds());
        Assert.Equal(1, (await instance.Store.GetAsync(state.Id, default))!.RetriesPending);
        Assert.Equal([(1, (DateTimeOffset?)pending.RetryAt), (2, null)], await instance.Store.GetUnfinishedChunksAsync(state.Id, default));

        var undeliverable = new RowResult(Verdict.Undeliverable, Reason.MailboxNotFound, 550, "5.1.1", null);
        Assert.True((await instance.Store.RecordAsync(state.Id, new ChunkOutcome(1, 2, [Accepted, undeliverable], [1], [], null), default)).Accepted);
        var last = await instance.Store.RecordAsync(state.Id, new ChunkOutcome(2, 1, [Accepted, Accepted], [0, 1], [], null), default);
        Assert.True(last.JobCompleted);
        var done = last.State!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(6, done.Processed);
        Assert.Equal(5, done.Deliverable);
        Assert.Equal(1, done.Undeliverable);
        Assert.Equal(0, done.RetriesPending);
        Assert.Equal(new Dictionary<int, long> { [550] = 1 }, done.Bounces);
        Assert.NotNull(done.CompletedAt);
        Assert.True(await instance.Store.TryClaimCallbackAsync(state.Id, default) is false, "No callback URL: nothing to claim.");

        // Every key of the job expires with it.
        var database = instance.Database;
        var keys = await KeysOfAsync(state.Id);
        Assert.Equal(
            [RedisJobKeys.Results(state.Id), RedisJobKeys.Rows(state.Id), RedisJobKeys.State(state.Id)],
            keys.Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            var ttl = await database.KeyTimeToLiveAsync(key);
            Assert.InRange(ttl!.Value, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        }

        Assert.True(await instance.Jobs.DeleteAsync(state.Id, default));
        Assert.Empty(await KeysOfAsync(state.Id));
        Assert.Null(await instance.Store.GetAsync(state.Id, default));
        Assert.DoesNotContain(state.Id, await instance.Store.ListAsync(default));
        Assert.False(await instance.Jobs.DeleteAsync(state.Id, default));
        Assert.False((await instance.Store.RecordAsync(state.Id, outcome, default)).Accepted);
        Assert.Empty(await KeysOfAsync(state.Id));
    }

    [Fact]
    public async Task Delete_cancels_the_work_of_every_instance()
    {
        await using var first = await Instance.StartAsync(_redis);
        await using var second = await Instance.StartAsync(_redis);
        await second.ListenForDeletesAsync();
        var state = await first.SubmitAsync(Rows(2));
        var token = second.Cancellations.TokenFor(state.Id);

        await first.Jobs.DeleteAsync(state.Id, default);

        await Task.Delay(TimeSpan.FromSeconds(5), token).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_chunk_taken_by_an_instance_that_died_is_reclaimed_and_the_job_completes_with_every_row_once()
    {
        var verifier = new CountingVerifier();
        await using var alive = await Instance.StartAsync(_redis, verifier);
        var state = await alive.SubmitAsync(Rows(10));

        // The dead instance reads a chunk and never acknowledges it. Its idle time, which ReclaimAfter is
        // measured against, starts with that delivery.
        var dead = await Instance.StartAsync(_redis, verifier);
        var started = DateTimeOffset.UtcNow;
        var taken = dead.Queue.ConsumeAsync(default).GetAsyncEnumerator();
        Assert.True(await taken.MoveNextAsync());
        await dead.DisposeAsync();

        await alive.Worker.StartAsync(default);
        var done = await alive.WaitForAsync(state.Id, s => s.Status == JobStatus.Completed, TimeSpan.FromSeconds(20));

        Assert.True(DateTimeOffset.UtcNow - started >= ReclaimAfter * 0.9, "The dead instance's chunk was taken before ReclaimAfter.");
        Assert.Equal(10, done.Processed);
        Assert.Equal(10, done.Deliverable);
        Assert.All(Enumerable.Range(0, 10), i => Assert.Equal(1, verifier.Calls.GetValueOrDefault($"user{i}@x.test")));
        for (var chunk = 0; chunk < state.ChunkCount; chunk++)
        {
            Assert.Equal(2, (await alive.Store.ReadChunkResultsAsync(state.Id, chunk, default))!.Count);
        }

        var pending = await alive.Database.StreamPendingAsync(RedisJobKeys.Stream, RedisJobKeys.Group);
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task A_job_committed_by_an_instance_that_died_at_once_is_still_processed()
    {
        var verifier = new CountingVerifier();
        await using var alive = await Instance.StartAsync(_redis, verifier);

        // The dead instance stores the upload and commits it, and does nothing after that.
        var dead = await Instance.StartAsync(_redis, verifier);
        var state = await dead.Ingest.IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(Rows(7))), new JobSubmission(EmailColumnChoice.Auto), default);
        await dead.DisposeAsync();

        await alive.Worker.StartAsync(default);
        var done = await alive.WaitForAsync(state.Id, s => s.Status == JobStatus.Completed, TimeSpan.FromSeconds(20));

        Assert.Equal(7, done.Processed);
        Assert.All(Enumerable.Range(0, 7), i => Assert.Equal(1, verifier.Calls.GetValueOrDefault($"user{i}@x.test")));
        Assert.Equal(0, await alive.Database.StreamLengthAsync(RedisJobKeys.Stream));
    }

    [Fact]
    public async Task A_live_instance_keeps_a_long_chunk()
    {
        // A longer ReclaimAfter than the other tests: the holder's touches must not be outrun by a test machine
        // that stalls a background loop for a second under the whole suite's load.
        var reclaimAfter = ReclaimAfter * 2;
        await using var slow = await Instance.StartAsync(_redis, reclaimAfter: reclaimAfter);
        await using var other = await Instance.StartAsync(_redis, reclaimAfter: reclaimAfter);
        var state = await slow.SubmitAsync(Rows(2));

        await using var held = slow.Queue.ConsumeAsync(default).GetAsyncEnumerator();
        Assert.True(await held.MoveNextAsync());

        // Twice ReclaimAfter while the holder touches its chunk: the other instance gets nothing.
        using var watching = new CancellationTokenSource(reclaimAfter * 2);
        var stolen = new List<ChunkDelivery>();
        try
        {
            await foreach (var delivery in other.Queue.ConsumeAsync(watching.Token))
            {
                stolen.Add(delivery);
            }
        }
        catch (OperationCanceledException)
        {
            // Watched long enough.
        }

        Assert.Empty(stolen);
        await slow.Queue.AcknowledgeAsync(held.Current, default);
        Assert.Equal(state.Id, held.Current.Work.JobId);
        var pending = await slow.Database.StreamPendingAsync(RedisJobKeys.Stream, RedisJobKeys.Group);
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task Greylisting_retries_wait_in_the_delayed_set_until_due()
    {
        await using var instance = await Instance.StartAsync(_redis);
        var work = new ChunkWork(new string('a', 32), 3);
        await instance.Queue.ScheduleAsync(work, DateTimeOffset.UtcNow.AddMilliseconds(700), default);

        var started = DateTimeOffset.UtcNow;
        await using var consumer = instance.Queue.ConsumeAsync(default).GetAsyncEnumerator();
        Assert.True(await consumer.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(work, consumer.Current.Work);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, await instance.Database.SortedSetLengthAsync(RedisJobKeys.Delayed));
    }

    private static readonly RowResult Accepted = new(Verdict.Deliverable, Reason.Accepted, 250, "2.1.5", null);

    private static string Rows(int count) => "email\n" + string.Concat(Enumerable.Range(0, count).Select(i => $"user{i}@x.test\n"));

    private async Task<List<string>> KeysOfAsync(string id)
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: RedisJobKeys.Job(id) + "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }

    /// <summary>One instance of the application's job machinery, with a Redis connection of its own.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private RedisJobCancellationListener? _listener;

        private Instance(RedisConnection connection, IBatchVerifier verifier, TimeSpan reclaimAfter)
        {
            var options = Options.Create(new JobsOptions { ChunkSize = 2, ReclaimAfter = reclaimAfter });
            var time = TimeProvider.System;
            Connection = connection;
            Store = new RedisJobStore(connection, options, time);
            var outage = new JobBackendOutage(time, NullLogger<JobBackendOutage>.Instance);
            Queue = new RedisJobQueue(connection, options, time, outage, NullLogger<RedisJobQueue>.Instance);
            Callbacks = new JobCallbackSender(Store, options, NullLogger<JobCallbackSender>.Instance);
            Ingest = new JobIngest(Store, options, time);
            Jobs = new JobManager(Store, Queue, Ingest, Cancellations);
            var processor = new ChunkProcessor(Store, Queue, verifier, Callbacks, options, time, NullLogger<ChunkProcessor>.Instance);
            Worker = new JobWorker(Store, Queue, processor, Cancellations, Callbacks, outage, Options.Create(new WorkerOptions { Concurrency = 2 }), NullLogger<JobWorker>.Instance);
        }

        public RedisConnection Connection { get; }

        public RedisJobStore Store { get; }

        public RedisJobQueue Queue { get; }

        public JobCallbackSender Callbacks { get; }

        public JobCancellations Cancellations { get; } = new();

        public JobIngest Ingest { get; }

        public JobManager Jobs { get; }

        public JobWorker Worker { get; }

        public IDatabase Database => Connection.TryGetDatabase(out var database) ? database : throw new InvalidOperationException("Not connected.");

        public static async Task<Instance> StartAsync(RedisServer redis, IBatchVerifier? verifier = null, TimeSpan? reclaimAfter = null)
        {
            var connection = new RedisConnection(redis.ConnectionString);
            Assert.True(await connection.WaitForFirstConnectionAsync(TimeSpan.FromSeconds(10), default));
            return new Instance(connection, verifier ?? new CountingVerifier(), reclaimAfter ?? ReclaimAfter);
        }

        public async Task ListenForDeletesAsync()
        {
            _listener = new RedisJobCancellationListener(Connection, Cancellations, NullLogger<RedisJobCancellationListener>.Instance);
            await _listener.StartAsync(default);
            await (_listener.ExecuteTask ?? Task.CompletedTask);
        }

        public Task<JobState> SubmitAsync(string csv) =>
            Jobs.SubmitAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new JobSubmission(EmailColumnChoice.Auto), default);

        public async Task<JobState> WaitForAsync(string id, Func<JobState, bool> condition, TimeSpan timeout)
        {
            var deadline = DateTimeOffset.UtcNow + timeout;
            while (true)
            {
                var state = await Store.GetAsync(id, default);
                if (state is not null && condition(state))
                {
                    return state;
                }

                Assert.True(DateTimeOffset.UtcNow < deadline, $"Job {id}: condition not met in {timeout}: {state?.Status} {state?.Processed}/{state?.Total}");
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Worker.StopAsync(default);
            Worker.Dispose();
            if (_listener is not null)
            {
                await _listener.StopAsync(default);
                _listener.Dispose();
            }

            Queue.Dispose();
            Callbacks.Dispose();
            Cancellations.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>Accepts every address and counts how often each was asked.</summary>
    private sealed class CountingVerifier : IBatchVerifier
    {
        public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

        public Task<IReadOnlyList<VerificationResult>> VerifyManyAsync(IReadOnlyList<string> emails, BatchVerificationOptions options, CancellationToken cancellationToken)
        {
            IReadOnlyList<VerificationResult> results = [.. emails.Select(email =>
            {
                Calls.AddOrUpdate(email, 1, (_, count) => count + 1);
                return new VerificationResult
                {
                    Email = email,
                    Verdict = Verdict.Deliverable,
                    Reason = Reason.Accepted,
                    LikelySmtp = new LikelySmtp(250, "2.1.5", "success", "Ok", true, "send", false, string.Empty),
                    Checks = new VerificationChecks(new SyntaxCheck(true, null, null, null), null, null),
                    CheckedAt = DateTimeOffset.UnixEpoch,
                };
            })];
            return Task.FromResult(results);
        }
    }
}
