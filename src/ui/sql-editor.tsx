/**
 * The SQL editor every SQL box on the page uses (the workbench and the pipeline's stage cards).
 * Monaco loads lazily on first use; until then a plain textarea stands in, already editable, so
 * nothing waits for the multi-megabyte chunk. Many instances on one page share one Monaco load
 * and one completion provider.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DbSchema } from '../core/schema/types';
import { useColorScheme } from './color-scheme';

export interface SqlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter: the selection if any, else the whole text. */
  onRun?(sqlToRun: string): void;
  /** Table and column names offered as completions; odd names are quoted. */
  completionSchema?: DbSchema | null;
  height?: number | string;
  ariaLabel: string;
  readOnly?: boolean;
}

type MonacoModule = typeof import('./monaco-loader');

let monacoLoad: Promise<MonacoModule> | null = null;

function loadMonaco(): Promise<MonacoModule> {
  monacoLoad ??= import('./monaco-loader').catch((error: unknown) => {
    // Let a later editor try again (e.g. after a flaky chunk request); this one keeps the textarea.
    monacoLoad = null;
    throw error;
  });
  return monacoLoad;
}

export function SqlEditor({
  value,
  onChange,
  onRun,
  completionSchema = null,
  height = 160,
  ariaLabel,
  readOnly = false,
}: SqlEditorProps) {
  const [loaded, setLoaded] = useState<MonacoModule | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<import('./monaco-loader').monaco.editor.IStandaloneCodeEditor | null>(
    null,
  );
  // Latest props for Monaco's callbacks, which are bound once at creation.
  const latest = useRef({ value, onChange, onRun, completionSchema, readOnly });
  useEffect(() => {
    latest.current = { value, onChange, onRun, completionSchema, readOnly };
  });
  const applyingProps = useRef(false);
  const scheme = useColorScheme();
  const monacoTheme = scheme === 'dark' ? 'vs-dark' : 'vs';

  // Monaco loads (and an editor is made) only once this box is on screen: a hidden view or a
  // card scrolled away costs nothing, and the first paint never waits for it.
  const wrapperRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const wrapper = wrapperRef.current;
    if (!wrapper || visible) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setVisible(true);
    });
    observer.observe(wrapper);
    return () => observer.disconnect();
  }, [visible]);

  useEffect(() => {
    if (!visible) return;
    let cancelled = false;
    loadMonaco().then(
      (module) => {
        if (!cancelled) setLoaded(module);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [visible]);

  useEffect(() => {
    const container = containerRef.current;
    if (!loaded || !container) return;
    const { monaco, setModelSchema, forgetModel } = loaded;
    const model = monaco.editor.createModel(latest.current.value, 'sql');
    setModelSchema(model, latest.current.completionSchema);
    const editor = monaco.editor.create(container, {
      model,
      ariaLabel,
      readOnly: latest.current.readOnly,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      lineNumbersMinChars: 3,
      tabSize: 2,
      wordWrap: 'on',
      renderLineHighlight: 'none',
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      // The suggest widget must not be clipped by a small card.
      fixedOverflowWidgets: true,
      padding: { top: 8, bottom: 8 },
      // A page of editors must still scroll when the pointer passes over one.
      scrollbar: { alwaysConsumeMouseWheel: false },
      wordBasedSuggestions: 'off',
    });
    editorRef.current = editor;
    const changes = editor.onDidChangeModelContent(() => {
      if (!applyingProps.current) latest.current.onChange(editor.getValue());
    });
    editor.addAction({
      id: 'run-sql',
      label: 'Run SQL',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => {
        editor.trigger('run-sql', 'hideSuggestWidget', null);
        const selection = editor.getSelection();
        const selected = selection && !selection.isEmpty() ? model.getValueInRange(selection) : '';
        latest.current.onRun?.(selected.trim() ? selected : editor.getValue());
      },
    });
    return () => {
      changes.dispose();
      editor.dispose();
      forgetModel(model);
      model.dispose();
      editorRef.current = null;
    };
  }, [loaded, ariaLabel]);

  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === value) return;
    // An edit on the model, not setValue, so that undo can step back over text put in from
    // outside; on the model because the editor refuses edits when read-only (streamed SQL).
    applyingProps.current = true;
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: value }], () => null);
    model.pushStackElement();
    applyingProps.current = false;
  }, [value, loaded]);

  // Monaco's theme is page-wide: one call repaints every editor.
  useEffect(() => {
    loaded?.monaco.editor.setTheme(monacoTheme);
  }, [loaded, monacoTheme]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly });
  }, [readOnly, loaded]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && loaded) loaded.setModelSchema(model, completionSchema);
  }, [completionSchema, loaded]);

  const onTextareaKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || !onRun) return;
    event.preventDefault();
    const area = event.currentTarget;
    const selected = area.value.slice(area.selectionStart, area.selectionEnd);
    onRun(selected.trim() ? selected : area.value);
  };

  return (
    <div
      ref={wrapperRef}
      className="relative overflow-hidden rounded-md border border-slate-300 bg-white focus-within:border-teal-600 focus-within:ring-1 focus-within:ring-teal-600"
      style={{ height }}
      data-editor-state={loaded ? 'ready' : 'loading'}
    >
      {!loaded && (
        <textarea
          aria-label={ariaLabel}
          value={value}
          readOnly={readOnly}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
          onKeyDown={onTextareaKey}
          className="absolute inset-0 h-full w-full resize-none border-0 bg-white py-2 pr-2 pl-12 font-mono text-[13px] leading-[19px] text-slate-900 outline-none"
        />
      )}
      <div ref={containerRef} className="absolute inset-0" />
    </div>
  );
}
