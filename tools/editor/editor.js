// The query page's editor: CodeMirror 6 over the page's <textarea id="query">, SPARQL
// highlighted. The textarea stays the page's source of truth: every edit is written back to
// it, and a "change" event on it (app.js setting a named query) loads it into the editor.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  StreamLanguage, syntaxHighlighting, defaultHighlightStyle, bracketMatching, indentOnInput,
} from "@codemirror/language";
import { sparql } from "@codemirror/legacy-modes/mode/sparql";

function attach(textarea) {
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        indentOnInput(),
        StreamLanguage.define(sparql),
        syntaxHighlighting(defaultHighlightStyle),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  textarea.addEventListener("change", () => {
    const text = textarea.value;
    if (text !== view.state.doc.toString()) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }
  });
  textarea.hidden = true;
  textarea.after(view.dom);
  view.dom.id = "editor";
  return view;
}

window.kgEditor = { attach };
