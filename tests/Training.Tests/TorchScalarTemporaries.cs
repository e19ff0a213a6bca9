using System.Reflection;
using System.Reflection.Emit;

namespace SparseVila.Training.Tests;

/// <summary>
/// TorchSharp's own methods that make a <c>Scalar</c> by implicit conversion and hand it to libtorch, directly or
/// through other TorchSharp methods: <c>a + b</c> of two tensors is <c>a.add(b)</c>, which is <c>add(b, 1)</c>, whose alpha
/// is an implicit Scalar that nothing holds. Found by reading their IL, so a call into one of them can be flagged at the
/// caller, where a held Scalar can be passed instead.
/// </summary>
internal static class TorchScalarTemporaries
{
    private static readonly Lazy<HashSet<string>> Methods = new(Find);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    /// <summary>Whether the TorchSharp method with <paramref name="key"/> (see <see cref="KeyOf(MethodBase)"/>) makes an implicit Scalar.</summary>
    public static bool Contains(string key) => Methods.Value.Contains(key);

    /// <summary>"Type.Name(ParamType, …)" of a method, the same for a reflected method and a Roslyn symbol.</summary>
    public static string KeyOf(MethodBase method) =>
        $"{method.DeclaringType?.FullName?.Replace('+', '.')}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => TypeName(p.ParameterType)))})";

    /// <summary>The methods that make an implicit Scalar (calling <c>Scalar.op_Implicit</c>), then every TorchSharp method that calls one of them.</summary>
    private static HashSet<string> Find()
    {
        var assembly = typeof(TorchSharp.Scalar).Assembly;
        var calls = new Dictionary<string, HashSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var key = KeyOf(method);
                if (!calls.TryGetValue(key, out var callees))
                {
                    calls[key] = callees = [];
                }

                callees.UnionWith(Callees(method).Select(KeyOf));
            }
        }

        var found = calls.Where(c => c.Value.Any(IsImplicitScalar)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (caller, callees) in calls)
            {
                if (!found.Contains(caller) && callees.Any(found.Contains))
                {
                    grew = found.Add(caller) || grew;
                }
            }
        }

        return found;
    }

    private static bool IsImplicitScalar(string key) => key.StartsWith("TorchSharp.Scalar.op_Implicit(", StringComparison.Ordinal);

    /// <summary>The methods <paramref name="method"/>'s IL calls.</summary>
    private static IEnumerable<MethodBase> Callees(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or NotSupportedException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        for (var at = 0; at < il.Length;)
        {
            var value = (short)il[at];
            if (il[at] == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at + 1]));
            }

            if (!OpCodesByValue.TryGetValue(value, out var code))
            {
                yield break;                                                                     // not IL this walker knows: stop rather than misread
            }

            at += code.Size;
            if (code.OperandType == OperandType.InlineMethod && Resolve(method, BitConverter.ToInt32(il, at)) is { } callee)
            {
                yield return callee;
            }

            at += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }

    private static MethodBase? Resolve(MethodBase caller, int token)
    {
        try
        {
            var typeArguments = caller.DeclaringType is { IsGenericType: true } type ? type.GetGenericArguments() : null;
            var methodArguments = caller.IsGenericMethod ? caller.GetGenericArguments() : null;
            return caller.Module.ResolveMethod(token, typeArguments, methodArguments);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException)
        {
            return null;
        }
    }

    private static string TypeName(Type type) => type switch
    {
        { IsByRef: true } => TypeName(type.GetElementType()!),
        { IsArray: true } => $"{TypeName(type.GetElementType()!)}[]",
        { IsGenericParameter: true } => type.Name,
        { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(Nullable<>) => $"{TypeName(type.GetGenericArguments()[0])}?",
        { IsGenericType: true } => $"{type.Namespace}.{type.Name.Split('`')[0]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>",
        _ => type.FullName?.Replace('+', '.') ?? type.Name,
    };
}
