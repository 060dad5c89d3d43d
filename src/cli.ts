import { Command, Option, CommanderError } from 'commander';
import { InputError } from './ingest/errors.js';
import { EXIT } from './cli/exit-codes.js';
import { validateCommand, classifyCommand, explainCommand } from './cli/commands.js';
import type { CalendarName } from './reason/calendar.js';

const out = (t: string) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`);
const err = (t: string) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`);

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InputError(`--at expects a date as YYYY-MM-DD, got "${value}"`, 'command line');
  return value;
}

const calendarOption = () => new Option('--calendar <name>', 'legal calendar: the AI Act as amended by Regulation (EU) 2026/1744, or as adopted').choices(['amended', 'adopted']).default('amended');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json', 'turtle']).default('text');

export function buildProgram(): Command {
  const program = new Command('algoreg')
    .description('Knowledge graph and rules engine for public algorithm registers (EU AI Act, GDPR, OASC MIM5)')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  program
    .command('validate')
    .description('check system descriptions against the SHACL shapes')
    .argument('<inputs...>', 'RDF files or directories (Turtle, JSON-LD, N-Triples, N-Quads, TriG, RDF/XML)')
    .option('--shapes <paths...>', 'validate against these shapes (files or directories) instead of the built-in ones')
    .addOption(formatOption())
    .action(async (inputs: string[], o: { shapes?: string[]; format: 'text' | 'json' | 'turtle' }) => {
      process.exitCode = await validateCommand(inputs, o, out);
    });

  program
    .command('classify')
    .description('derive risk tier, roles and obligations for every system in the inputs')
    .argument('<inputs...>', 'RDF files or directories')
    .addOption(formatOption())
    .addOption(calendarOption())
    .option('--at <date>', 'say what is in force on this date (YYYY-MM-DD); default today', isoDate)
    .option('--base <iri>', 'base IRI for derived nodes')
    .action(async (inputs: string[], o: { format: 'text' | 'json' | 'turtle'; calendar: CalendarName; at?: string; base?: string }) => {
      process.exitCode = await classifyCommand(inputs, o, out);
    });

  program
    .command('explain')
    .description('print the chain facts → rule → provision → outcome for one system')
    .argument('<system-iri>', 'IRI of the system')
    .argument('[inputs...]', 'RDF files or directories (default: the sample register in examples/)')
    .addOption(calendarOption())
    .option('--at <date>', 'date (YYYY-MM-DD); default today', isoDate)
    .action(async (iri: string, inputs: string[], o: { calendar: CalendarName; at?: string }) => {
      const { packagePath } = await import('./paths.js');
      process.exitCode = await explainCommand(iri, inputs.length ? inputs : [packagePath('examples')], o, out, err);
    });

  program
    .command('import')
    .description('import entries of another register (Dutch Algoritmeregister, Eurocities, UK ATRS): map, validate, classify; write Turtle or send them to a register')
    .argument('<files...>', 'register files or directories: JSON (a list, a download, or one entry) or CSV with a header row of the format\'s keys')
    .addOption(new Option('--from <format>', 'format of the files').choices(['nl-algoritmeregister', 'eurocities', 'uk-atrs']).makeOptionMandatory())
    .option('--out <dir>', 'write one Turtle description per system to this directory (each file atomically)')
    .option('--to <url>', 'PUT each description to a running register at <url>/systems/{id}, with Authorization: Bearer $ALGOREG_TOKEN')
    .option('--base <iri>', 'base IRI: systems are <base>system/<nl|ec|uk>-<id>, organisations <base>org/<name>', 'https://register.example.eu/')
    .option('--organisation <name>', 'the organisation for entries that name none (e.g. vendor templates a city imports)')
    .option('--strict', 'refuse entries that have warnings')
    .option('--context <paths...>', 'RDF files or directories to classify the entries with (e.g. determinants kept for the same system IRIs)')
    .addOption(new Option('--format <format>', 'summary format').choices(['text', 'json']).default('text'))
    .addOption(calendarOption())
    .option('--at <date>', 'classify as of this date (YYYY-MM-DD); default today', isoDate)
    .action(async (files: string[], o: import('./interop/cli.js').ImportCliOptions) => {
      const { importCommand } = await import('./interop/cli.js');
      process.exitCode = await importCommand(files, o, out, err);
    });

  program
    .command('export')
    .description('export descriptions to the Dutch Algoritmeregister (1.0), Eurocities (0.3.1) or EU database registration data (Annex VIII)')
    .argument('<inputs...>', 'RDF files or directories')
    .addOption(new Option('--to <format>', 'target format').choices(['nl-algoritmeregister', 'eurocities', 'annex-viii']).makeOptionMandatory())
    .addOption(new Option('--section <section>', 'Annex VIII section: A (providers of high-risk systems), B (providers, not high-risk under Art 6(3)), C (public-authority deployers)').choices(['A', 'B', 'C']))
    .option('--out <dir>', 'write one file per entry to this directory (default: a JSON array on stdout)')
    .addOption(new Option('--format <format>', 'json, or turtle for Annex VIII registration data as RDF').choices(['json', 'turtle']).default('json'))
    .option('--lang <code>', 'language of the exported texts (ISO 639-1) where the description has several')
    .option('--system <iri...>', 'only these systems (and their uses)')
    .addOption(calendarOption())
    .option('--at <date>', 'classify as of this date (YYYY-MM-DD); default today', isoDate)
    .option('--base <iri>', 'base IRI for derived nodes (Annex VIII records)')
    .action(async (inputs: string[], o: import('./interop/cli.js').ExportCliOptions) => {
      const { exportCommand } = await import('./interop/cli.js');
      process.exitCode = await exportCommand(inputs, o, out, err);
    });

  program
    .command('link')
    .description('look the dataset links of systems (dcat:qualifiedRelation) up on a data portal: status, DCAT-AP metadata and quality per link')
    .argument('[inputs...]', 'RDF files or directories with descriptions (or use --data)')
    .option('--data <dir>', 'a register data directory (its portal cache is kept there, as the server keeps it)')
    .option('--cache <file>', 'portal cache file for descriptions given as files (default: none, nothing kept)')
    .option('--portal <url>', 'SPARQL endpoint of the portal', 'https://data.europa.eu/sparql')
    .option('--system <iri...>', 'only the links of these systems')
    .option('--timeout <duration>', 'timeout per request to the portal', '15s')
    .option('--retries <n>', 'further attempts when the portal cannot be reached or times out', '2')
    .option('--backoff <duration>', 'wait before the first retry, doubled before each next one', '500ms')
    .option('--shapes <dir>', 'DCAT-AP 3.0.1 shapes directory (default: ../shared/standards/dcat-ap/3.0.1 next to the package)')
    .option('--offline', 'do not ask the portal: print what the cache holds')
    .addOption(new Option('--format <format>', 'text (a table), json, or turtle (the portal graph)').choices(['text', 'json', 'turtle']).default('text'))
    .option('--base <iri>', 'base IRI of the link nodes in --format turtle')
    .action(async (inputs: string[], o: import('./link/cli.js').LinkCliOptions) => {
      const { linkCommand } = await import('./link/cli.js');
      process.exitCode = await linkCommand(inputs, o, out, err);
    });

  program
    .command('serve')
    .description('run the register server: SPARQL endpoint, linked-data API and query page (default: the sample register, in memory)')
    .option('--data <dir>', 'durable data directory (write-ahead log + snapshot); without it the register lives in memory')
    .option('--port <port>', 'TCP port (0: any free port)', '3030')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--base <iri>', 'base IRI: systems are <base>system/{id} (default: the sample register\'s, or http://localhost:<port>/)')
    .option('--seed <paths...>', 'RDF files or directories stored as records when the register is empty (default without --data: examples/)')
    .option('--graph <spec...>', 'read-only graph loaded at start, as IRI=FILE')
    .option('--portal <url>', 'SPARQL endpoint of the data portal for dataset links (POST /links/refresh)', 'https://data.europa.eu/sparql')
    .option('--portal-timeout <duration>', 'timeout per request to the portal', '15s')
    .option('--dcat-ap-shapes <dir>', 'DCAT-AP 3.0.1 shapes directory for the quality of linked datasets (default: ../shared/standards/dcat-ap/3.0.1 next to the package)')
    .option('--federate <endpoint...>', 'a SPARQL endpoint URL that SERVICE in /sparql may call (repeatable; default: none)')
    .option('--tokens <file>', 'write tokens, one name=token per line (also: env ALGOREG_TOKENS=name=token,...)')
    .option('--workers <n>', 'query workers, each with its own copy of the store', '2')
    .option('--timeout <duration>', 'query timeout', '10s')
    .option('--max-result-bytes <size>', 'largest query result', '64mb')
    .option('--max-body <size>', 'largest request body', '1mb')
    .option('--max-triples <n>', 'size ceiling of the register', '5000000')
    .addOption(calendarOption())
    .option('--at <date>', 'classify as of this date (YYYY-MM-DD); default: the day of each write', isoDate)
    .action(async (o: import('./serve/cli-serve.js').ServeCliOptions) => {
      const { serveCommand } = await import('./serve/cli-serve.js');
      process.exitCode = await serveCommand(o, out, err);
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    if (e instanceof InputError) {
      err(`algoreg: ${e.message}`);
      return EXIT.badInput;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv);
