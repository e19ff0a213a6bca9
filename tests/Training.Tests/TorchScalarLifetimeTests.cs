using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SparseVila.Training.Tests;

/// <summary>
/// No tensor code lets a TorchSharp <c>Scalar</c> die during the native call that reads it. In TorchSharp 0.107 a Scalar
/// made by an implicit conversion (<c>t * 0.5</c>, <c>t.add(eps)</c>, <c>masked_fill(m, double.NegativeInfinity)</c>) is
/// owned by no dispose scope: once the call has read its handle nothing references it, and the finalizer thread may free
/// it while libtorch still reads it ("Unknown scalar type", or worse, a wrong value). A long benchmark crashed that way.
/// Scalars are made explicitly and held (<c>using var half = 0.5.ToScalar();</c>, or a field) for as long as they are read.
/// This reads the engine's, the trainer's and the benchmarks' sources as the compiler binds them and lists every implicit
/// conversion to Scalar, every <c>ToScalar()</c> handed straight to a call, and every call into a TorchSharp method that
/// makes an implicit Scalar of its own (<c>a + b</c> of two tensors, <c>square()</c>; see <see cref="TorchScalarTemporaries"/>).
/// </summary>
public sealed class TorchScalarLifetimeTests
{
    private static readonly CSharpParseOptions Latest = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly string[] ImplicitUsings =
        ["System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "Orleans"];

    /// <summary>Referenced beside these tests but by none of the checked projects; its <c>Scalar</c> namespace would hide TorchSharp's type.</summary>
    private const string ApiReferenceAssembly = "Scalar.AspNetCore";

    [Theory]
    [InlineData("Engine", "SparseVila.Engine")]
    [InlineData("training", "sparsevila-training")]
    // The benchmarks' references beyond the engine are not beside these tests: their tensor code still binds.
    [InlineData("bench", "sparsevila-bench")]
    public void NoScalarIsLeftToTheFinalizer(string folder, string assemblyName)
    {
        var compilation = Compile(Path.Combine(RepositoryRoot(), folder), assemblyName);
        Assert.NotNull(compilation.GetTypeByMetadataName("TorchSharp.Scalar"));

        var found = compilation.SyntaxTrees.SelectMany(tree => UnheldScalars(compilation.GetSemanticModel(tree), tree)).ToList();

        Assert.True(found.Count == 0, $"{found.Count} Scalar(s) left to the finalizer:\n{string.Join("\n", found)}");
        // Code that does not bind has no operations to read: all of it must bind, but for what source generators would add.
        var unbound = compilation.GetDiagnostics(TestContext.Current.CancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error && !d.GetMessage(CultureInfo.InvariantCulture).Contains("JsonContext", StringComparison.Ordinal) &&
                        !d.GetMessage(CultureInfo.InvariantCulture).Contains("JsonSerializerContext", StringComparison.Ordinal))
            .Select(d => d.ToString()).Take(20).ToList();
        Assert.True(unbound.Count == 0, $"The sources do not bind:\n{string.Join("\n", unbound)}");
    }

    [Fact]
    public void TheCheck_FindsImplicitAndUnheldScalars_AndAcceptsHeldOnes()
    {
        const string source = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Sample
            {
                static Tensor Bad(Tensor t) => t * 0.5;
                static Tensor AlsoBad(Tensor t) => t.masked_fill(t.gt(t), double.NegativeInfinity);
                static Tensor Unheld(Tensor t) => t.add(2.0.ToScalar());
                static Tensor NoAlpha(Tensor t, Scalar two) => t.add(two);
                static Tensor Sum(Tensor a, Tensor b) => a + b;
                static Tensor Accumulate(Tensor a, Tensor b) { a += b; return a; }
                static Tensor Square(Tensor a) => a.square();
                static Tensor Good(Tensor t, Tensor u)
                {
                    using var half = 0.5.ToScalar();
                    using var one = 1L.ToScalar();
                    return (t * half).add(u, one) * u - u;
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(source, Latest, "Sample.cs", cancellationToken: TestContext.Current.CancellationToken);
        var compilation = CSharpCompilation.Create("sample", [tree, GlobalUsings()], References(exclude: ""), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var found = UnheldScalars(compilation.GetSemanticModel(tree), tree).ToList();

        Assert.Equal(
            [
                "Sample.cs:5: t * 0.5", "Sample.cs:6: double.NegativeInfinity", "Sample.cs:7: t.add(2.0.ToScalar())", "Sample.cs:7: 2.0.ToScalar()",
                "Sample.cs:8: t.add(two)", "Sample.cs:9: a + b", "Sample.cs:10: a += b", "Sample.cs:11: a.square()",
            ],
            found);
    }

    /// <summary>"file:line: expression" for every Scalar in <paramref name="tree"/> that nothing holds while it is read.</summary>
    private static IEnumerable<string> UnheldScalars(SemanticModel model, SyntaxTree tree)
    {
        // Every body, initializer and expression-bodied member, as the compiler's operations (conversions made explicit).
        var bodies = tree.GetRoot().DescendantNodes().Where(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax ||
            node is ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax } ||
            node is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax });
        var found = new SortedSet<(int Line, int Column, string Text)>();
        foreach (var operation in bodies.Select(body => model.GetOperation(body)).OfType<IOperation>().SelectMany(o => o.DescendantsAndSelf()))
        {
            var unheld = operation switch
            {
                IConversionOperation { IsImplicit: true, OperatorMethod: { } method } => IsScalar(method.ContainingType),
                // Tensor's operators taking a number (t * 0.5) convert it to a Scalar inside, and do not hold it either.
                IBinaryOperation { OperatorMethod: { } op } => (IsTensor(op.ContainingType) && op.Parameters.Any(p => p.Type.SpecialType is not SpecialType.None)) || MakesScalar(op),
                // add/sub of a Scalar without an alpha: TorchSharp passes an implicit alpha (1) of its own.
                IInvocationOperation { TargetMethod.Name: "add" or "add_" or "sub" or "sub_", Arguments.Length: 1 } call
                    when IsTensor(call.TargetMethod.ContainingType) && IsScalar(call.TargetMethod.Parameters[0].Type) => true,
                // A TorchSharp method that makes an implicit Scalar of its own (a + b of two tensors: add(b, 1)).
                IInvocationOperation call when MakesScalar(call.TargetMethod) => true,
                ICompoundAssignmentOperation { OperatorMethod: { } op } when MakesScalar(op) => true,
                IObjectCreationOperation { Constructor: { } constructor } when MakesScalar(constructor) => true,
                // A Scalar made explicitly and handed straight to TorchSharp, which does not dispose of it either.
                IInvocationOperation { TargetMethod.Name: "ToScalar" or "ToFloat16Scalar" or "ToBFloat16Scalar" } call => IsScalar(call.Type) && call.Parent switch
                {
                    IBinaryOperation => true,
                    IArgumentOperation { Parent: IInvocationOperation { TargetMethod.ContainingAssembly.Name: "TorchSharp" } } => true,
                    _ => false,
                },
                _ => false,
            };
            if (unheld)
            {
                var start = operation.Syntax.GetLocation().GetLineSpan().StartLinePosition;
                found.Add((start.Line + 1, start.Character, operation.Syntax.ToString()));
            }
        }

        return found.Select(f => $"{Path.GetFileName(tree.FilePath)}:{f.Line}: {f.Text}");
    }

    private static bool MakesScalar(IMethodSymbol method) =>
        method.ContainingAssembly?.Name == "TorchSharp" && !IsScalar(method.ReturnType) && TorchScalarTemporaries.Contains(KeyOf(method.OriginalDefinition));

    /// <summary>The key <see cref="TorchScalarTemporaries.KeyOf"/> gives the same method found by reflection.</summary>
    private static string KeyOf(IMethodSymbol method) =>
        $"{TypeName(method.ContainingType)}.{method.MetadataName}({string.Join(", ", method.Parameters.Select(p => TypeName(p.Type)))})";

    private static string TypeName(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => $"{TypeName(array.ElementType)}[]",
        ITypeParameterSymbol parameter => parameter.Name,
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => $"{TypeName(nullable.TypeArguments[0])}?",
        INamedTypeSymbol { IsGenericType: true } generic =>
            $"{generic.ContainingNamespace.ToDisplayString()}.{generic.Name}<{string.Join(", ", generic.TypeArguments.Select(TypeName))}>",
        INamedTypeSymbol { ContainingType: { } outer } nested => $"{TypeName(outer)}.{nested.MetadataName}",
        _ => type.ContainingNamespace is { IsGlobalNamespace: false } ns ? $"{ns.ToDisplayString()}.{type.MetadataName}" : type.MetadataName,
    };

    private static bool IsScalar(ITypeSymbol? type) => type?.ToDisplayString() == "TorchSharp.Scalar";

    private static bool IsTensor(ITypeSymbol? type) => type?.ToDisplayString() == "TorchSharp.torch.Tensor";

    private static CSharpCompilation Compile(string folder, string assemblyName)
    {
        var executable = Directory.EnumerateFiles(folder, "*.csproj").Any(project => File.ReadAllText(project).Contains("<OutputType>Exe</OutputType>", StringComparison.Ordinal));
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                           !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Latest, path))
            .ToList();
        Assert.NotEmpty(sources);
        return CSharpCompilation.Create(assemblyName, [.. sources, GlobalUsings()], References(exclude: assemblyName),
            new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    /// <summary>The SDK's implicit usings, which the projects have on.</summary>
    private static SyntaxTree GlobalUsings() =>
        CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Select(u => $"global using {u};\n")), Latest, "GlobalUsings.cs");

    /// <summary>The runtime's assemblies and those beside these tests (the engine's, the trainer's and their packages'), but <paramref name="exclude"/>.</summary>
    private static List<MetadataReference> References(string exclude)
    {
        // The platform list holds these tests' own dependencies too: the compiled engine's types would clash with its sources'.
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(p) is var name && name != exclude && name != ApiReferenceAssembly).ToList();
        var platformNames = platform.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => !platformNames.Contains(Path.GetFileName(path)) && Path.GetFileNameWithoutExtension(path) is var name && name != exclude && name != ApiReferenceAssembly && IsManaged(path));
        return [.. platform.Concat(beside).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No repository root (a folder with Directory.Packages.props) above {AppContext.BaseDirectory}.");
    }
}
