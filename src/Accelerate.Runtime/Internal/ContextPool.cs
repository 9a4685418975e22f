namespace Accelerate.Runtime;

/// <summary>
/// A small lock-free pool of reusable per-call contexts (bound <c>OrtValue</c>s, buffers, shape arrays). A call rents
/// one, uses it alone, and returns it; renting and returning allocate nothing. Contexts beyond the pool's capacity
/// (more concurrent callers than slots) are disposed on return instead of kept.
/// </summary>
internal sealed class ContextPool<T> : IDisposable
    where T : class, IDisposable
{
    private readonly T?[] _slots;
    private volatile bool _disposed;

    /// <param name="capacity">How many idle contexts to keep: the number of concurrent callers whose state is reused.</param>
    public ContextPool(int capacity) => _slots = new T?[Math.Max(1, capacity)];

    /// <summary>The default capacity: one idle context per logical processor, at most 8.</summary>
    public static int DefaultCapacity => Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>An idle context, or <see langword="null"/> when none is left (the caller creates one).</summary>
    public T? TryRent()
    {
        var slots = _slots;
        for (var i = 0; i < slots.Length; i++)
        {
            var item = Volatile.Read(ref slots[i]);
            if (item is not null && Interlocked.CompareExchange(ref slots[i], null, item) == item)
            {
                return item;
            }
        }

        return null;
    }

    /// <summary>Keeps <paramref name="item"/> for the next caller, or disposes it when the pool is full or disposed.</summary>
    public void Return(T item)
    {
        if (!_disposed)
        {
            var slots = _slots;
            for (var i = 0; i < slots.Length; i++)
            {
                if (Interlocked.CompareExchange(ref slots[i], item, null) is null)
                {
                    // A Dispose that ran meanwhile may have missed this slot: take the item back out if so.
                    if (_disposed && Interlocked.CompareExchange(ref slots[i], null, item) == item)
                    {
                        break;
                    }

                    return;
                }
            }
        }

        item.Dispose();
    }

    /// <summary>Disposes the idle contexts; contexts rented at the time are disposed when they are returned.</summary>
    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _slots.Length; i++)
        {
            Interlocked.Exchange(ref _slots[i], null)?.Dispose();
        }
    }
}
